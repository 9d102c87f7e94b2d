/** The client core, for the UI and for tests that drive a client headless against a gateway. */
export { ParleyClient } from './client';
export type { AuthState, ClientEvents, ConversationEntry, Notice, ParleyClientOptions } from './client';
export type { ConnectionState } from './connection';
export type { Conversation, MessageStatus } from './conversation';
export type { ContactView } from './contacts';
export type { OutboxEntry, OutboxStatus } from './outbox';
export { DEFAULT_GATEWAY, gatewayUrls } from './gateway-url';
export { logoutNote } from './logout-note';
export { defaultSessionDir, SessionStore } from './session-store';
