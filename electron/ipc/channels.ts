// The two IPC channels; shared by the preload (which must stay tiny) and the main process.
export const CALL_CHANNEL = "sso:call";
export const EVENT_CHANNEL = "sso:event";
