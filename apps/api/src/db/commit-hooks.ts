/** Callbacks waiting for a transaction's commit (`Db.afterCommit`), shared by both engines' wrappers. */
export type CommitHooks = (() => void)[];

/** Runs the hooks of a committed transaction; one that throws is logged and does not stop the others. */
export function runCommitHooks(hooks: CommitHooks): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch (err) {
      console.error('after-commit hook failed:', err);
    }
  }
}
