/** The npm build of the ZAF SDK ships no types; this is the part the sidebar uses. */
declare module 'zendesk_app_framework_sdk' {
  import type { ZafSdk } from '../bridges/zaf-bridge.js';

  const ZAFClient: ZafSdk;
  export default ZAFClient;
}
