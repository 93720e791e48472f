import type { Reply } from './reply.ts';
import type { PostRef } from './rounds.ts';

/** Edits one message the bot posted; throws when it could not (after the round job's retries). */
export type EditPost = (post: PostRef, reply: Reply) => Promise<void>;

/**
 * The way from a command to the messages the bot posted (a voided round's question): the
 * adapters are built after the core, so the composition root connects them here, with the
 * same edit path and retries the round job's reveal uses. Until then (a script, a test
 * without platforms) nothing is edited.
 */
export class PostEditor {
  private edit: EditPost | undefined;

  connect(edit: EditPost): void {
    this.edit = edit;
  }

  /** Edits every post, one at a time (a round has one per subscribed channel); how many went through. */
  async editAll(posts: readonly PostRef[], reply: Reply): Promise<{ edited: number; failed: number }> {
    const edit = this.edit;
    if (!edit) return { edited: 0, failed: posts.length };
    let edited = 0;
    for (const post of posts) {
      // The edit path logs its own failures; one channel's failure leaves the others to edit.
      edited += await edit(post, reply).then(
        () => 1,
        () => 0,
      );
    }
    return { edited, failed: posts.length - edited };
  }
}
