/** Who ran a slash command, and where. */
export interface CommandInvocation {
  teamId: string;
  channelId: string;
  userId: string;
  userName: string | null;
  /** Unique per invocation; keys the job of `/twin ask`. */
  triggerId: string;
}
