// Run a Node script as a child process without blocking this one (the fake API server answers from
// this process's event loop, so spawnSync would deadlock against it). Killed after 30 s. Another
// program (bash) with `command`.
import { spawn } from 'node:child_process';
import { ROOT } from '../helpers.js';

export function runNode(
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
  timeoutMs = 30_000,
  command: string[] = [process.execPath],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(command[0]!, [...command.slice(1), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
