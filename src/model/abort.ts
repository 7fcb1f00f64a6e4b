/** What a provider throws when its caller aborted: the caller's own reason when it is an Error. */
export function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The model call was aborted.', 'AbortError');
}
