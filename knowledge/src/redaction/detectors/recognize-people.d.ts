/** Capitalised person names compromise tags in `text` (see recognize-people.js). */
export function recognizePeople(text: string): string[];
