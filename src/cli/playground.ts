/**
 * `mlp-lab playground`: serves the built web playground (dist/playground, shipped in
 * the package) on 127.0.0.1. A plain static server: the playground needs no
 * backend, and its engine runs single-threaded in the browser, so no
 * cross-origin isolation headers are required. Only files under the site's
 * folder are served, and nothing is fetched from elsewhere.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from './errors.js';

/** dist/playground, found from this file (dist/src/cli/playground.js). */
export const SITE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'playground');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export function playgroundBuilt(root = SITE_ROOT): boolean {
  return existsSync(join(root, 'index.html'));
}

/** Starts the static server; resolves once it listens (port 0 picks a free one). */
export function servePlayground(
  options: { root?: string; port?: number; host?: string } = {},
): Promise<Server> {
  const root = normalize(options.root ?? SITE_ROOT);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403);
      res.end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(server));
  });
}

export function registerPlayground(program: Command): void {
  program
    .command('playground')
    .description('serve the web playground on 127.0.0.1 (train and dissect MLPs in the browser)')
    .option('--port <n>', 'port to listen on, e.g. --port 8080 (default: $PORT or 5173; 0 picks a free one)')
    .action(async (opts: { port?: string }) => {
      const raw = opts.port ?? process.env.PORT ?? '5173';
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be an integer from 0 to 65535, got '${raw}'`);
      }
      if (!playgroundBuilt()) {
        throw new UsageError(
          `the playground is not built (${SITE_ROOT} has no index.html): run npm run build:web`,
        );
      }
      let server: Server;
      try {
        server = await servePlayground({ port });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new UsageError(`port ${port} is in use: pick another with --port or PORT`);
        throw e;
      }
      const { port: actual } = server.address() as AddressInfo;
      process.stdout.write(`mlp-lab playground: http://127.0.0.1:${actual}/  (Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.closeAllConnections();
          server.close(() => resolve());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
