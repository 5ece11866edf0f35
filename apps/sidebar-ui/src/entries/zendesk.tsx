import ZAFClient from 'zendesk_app_framework_sdk';
import { createZafBridge, type ZafSdk } from '../bridges/zaf-bridge.js';
import { mount } from '../mount.js';

// The SDK is bundled (no CDN); a page that already loaded Zendesk's own copy keeps that one.
const sdk: ZafSdk = (globalThis as { ZAFClient?: ZafSdk }).ZAFClient ?? ZAFClient;
(globalThis as { ZAFClient?: ZafSdk }).ZAFClient = sdk;

mount(() => createZafBridge({ sdk }), 'Zendesk');
