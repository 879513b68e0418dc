// Runs `airgap-preflight explain -` through the real CLI main() in-process, the text on stdin.
import { Readable } from 'node:stream';
import { main } from '../../src/cli.js';

export async function explainText(text: string, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: ['explain', '-', ...extra],
    env: {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([Buffer.from(text)]),
  });
  return { code, stdout, stderr };
}
