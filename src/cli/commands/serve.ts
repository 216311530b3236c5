import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run LCZ Studio in browser mode on 127.0.0.1 (needs a build: npm run build)')
    .option('--port <port>', 'port to listen on (default: a free one)', (v) => Number.parseInt(v, 10))
    .action(async (options: { port?: number }) => {
      const { serveBrowserMode } = await import('../../main/server');
      const server = await serveBrowserMode({ port: options.port });
      process.stdout.write(`LCZ Studio is running in browser mode at:\n  ${server.url}\n`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
