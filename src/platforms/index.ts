import type { Platform } from '../core/platform.js';
import { chakra } from './chakra/index.js';
import { nandbox } from './nandbox/index.js';
import { openwebui } from './openwebui/index.js';
import { sendbird } from './sendbird/index.js';
import { zulip } from './zulip/index.js';

/** Every platform the mock serves, in the order their documents appear in Swagger UI. */
export const platforms: readonly Platform[] = [zulip, sendbird, openwebui, chakra, nandbox];
