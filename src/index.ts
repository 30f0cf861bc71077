/** chat-user-mock as a library: start it inside a test, or build the app yourself. */
export { startMockServer, type MockServer, type MockTenant } from './testing.js';
export { MockControl, MockControlError, type ClockState, type JournalPage, type PlatformName, type RequestFilter } from './control/client.js';
export type { FaultRule, FaultRuleInput } from './control/faults.js';
export type { JournalEntry } from './control/journal.js';
export { buildApp, type AppOptions, VERSION } from './app.js';
export { ControllableClock, type Clock } from './core/clock.js';
export { Store } from './store/store.js';
