import { createFdkBridge } from '../bridges/fdk-bridge.js';
import { mount } from '../mount.js';

mount(() => createFdkBridge(), 'Freshdesk');
