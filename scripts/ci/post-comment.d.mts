// Types of post-comment.mjs for the tests.
export const MARKER: string;
export interface PostResult {
  action: 'created' | 'updated' | 'skipped' | 'summary';
  url?: string;
  reason?: string;
}
export function postComment(o: {
  body: string;
  mode?: 'update' | 'new';
  updateOnly?: boolean;
  env: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<PostResult>;
