export { startFakeSlack, type FakeSlack, type FakeSlackOptions, type FakeCall } from './server.js';
export { createSlackDriver, signRequest, type SlackDriver, type Delivery, type DeliveryOptions } from './driver.js';
export { TIERS, type ScriptedFailure } from './limits.js';
export type { FakeMessage, FakeEphemeral, FakeResponsePost, FakeStatus, FakeSlackState } from './state.js';
