export { buildApp, type AppOptions, VERSION } from './app.js';
export { ControllableClock, type Clock } from './core/clock.js';
export { Store } from './store/store.js';
