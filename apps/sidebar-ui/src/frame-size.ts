/**
 * The height the app asks its host frame for. Zendesk's ticket sidebar gives each app the height
 * it asks for (`client.invoke('resize')`); asking for the whole content (2,426 px once every
 * section was open) pushes every other app off the screen. Past `MAX_FRAME_HEIGHT` the app
 * scrolls inside its frame instead; sections collapse so it rarely needs to.
 */
export const MAX_FRAME_HEIGHT = 800;
const MIN_FRAME_HEIGHT = 120;

export function frameHeight(contentHeight: number): number {
  return Math.min(MAX_FRAME_HEIGHT, Math.max(MIN_FRAME_HEIGHT, Math.ceil(contentHeight)));
}
