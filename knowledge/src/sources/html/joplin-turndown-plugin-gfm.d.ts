// The package ships no types. Each export is a turndown plugin: a function that registers rules.
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';

  export function gfm(service: TurndownService): void;
  export function tables(service: TurndownService): void;
  export function strikethrough(service: TurndownService): void;
  export function highlightedCodeBlock(service: TurndownService): void;
  export function taskListItems(service: TurndownService): void;
}
