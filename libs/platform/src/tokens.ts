/** Injection tokens of what the platform provides that has no class of its own. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
