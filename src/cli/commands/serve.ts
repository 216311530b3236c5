import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../../shared/errors';

/** A port as typed: the whole text a whole number 0-65535 ("80x" is not port 80; 0 asks for a free one). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) throw new InvalidArgumentError('give a whole number from 0 to 65535 (0: any free port).');
  return port;
}

/** The listen errors a user can act on, in words; anything else stays an internal error. */
function listenError(error: unknown, port: number | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new UserError(`port ${port} is in use; choose another or leave --port out`);
  if (code === 'EACCES') return new UserError(`port ${port} needs administrator rights; choose one above 1023 or leave --port out`);
  return error;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run LCZ Studio in browser mode on 127.0.0.1 (needs a build: npm run build)')
    .option('--port <port>', 'port to listen on (default: a free one)', parsePort)
    .action(async (options: { port?: number }) => {
      const { serveBrowserMode } = await import('../../main/server');
      const server = await serveBrowserMode({ port: options.port }).catch((error: unknown) => {
        throw listenError(error, options.port);
      });
      process.stdout.write(`LCZ Studio is running in browser mode at:\n  ${server.url}\n`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
