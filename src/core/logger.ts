/**
 * The logging port the application's own modules take: structured fields first, then a message,
 * and child loggers per job or request. pino satisfies it; the core names no logging library.
 */
export interface AppLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: Record<string, unknown>): AppLogger;
}
