// Kept in step with package.json by a test; a constant avoids reading package.json at start-up.
export const VERSION = '0.1.0';
