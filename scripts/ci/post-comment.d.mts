// Types of post-comment.mjs for the tests.
export const MARKER: string;
export interface PostResult {
  action: 'created' | 'updated' | 'summary';
  url?: string;
  reason?: string;
}
export function postComment(o: { body: string; mode?: 'update' | 'new'; env: Record<string, string | undefined>; log?: (line: string) => void }): Promise<PostResult>;
