/**
 * The part of `hoodiecrow-imap` (an in-memory, scriptable IMAP server for client tests; the
 * package ships no types) that the IMAP e2e suite uses.
 */
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  namespace hoodiecrow {
    /** A stored message: its raw RFC 822 text and flags (`uid` is assigned by the server). */
    interface Message {
      raw: string;
      flags?: string[];
      internaldate?: string;
      uid?: number;
    }

    /** A mailbox of the storage tree; `folders` holds its children. */
    interface Folder {
      messages?: Message[];
      folders?: Record<string, Folder>;
      separator?: string;
      flags?: string[];
      'special-use'?: string | string[];
    }

    /** A message as the server holds it, with the uid it assigned and its current flags. */
    interface StoredMessage extends Message {
      uid: number;
      flags: string[];
    }

    /** A mailbox as the server holds it. */
    type Mailbox = Omit<Folder, 'messages'> & { messages: StoredMessage[] };

    /** A command handler; it answers through `connection.send` and calls `callback` when done. */
    type CommandHandler = (connection: unknown, parsed: unknown, data: unknown, callback: () => void) => void;

    /** A running (or not yet listening) server. */
    interface HoodiecrowServer {
      /** The underlying `net.Server` (for `address()`). */
      server: Server;
      listen(port: number, host: string, callback: () => void): void;
      /** Stops listening; `callback` runs once every connection has closed. */
      close(callback?: (error?: Error) => void): void;
      /** The mailbox at `path` (with the messages and flags as the clients left them). */
      getMailbox(path: string): Mailbox | undefined;
      getCommandHandler(name: string): CommandHandler;
      setCommandHandler(name: string, handler: CommandHandler): void;
      registerCapability(name: string): void;
    }

    interface Options {
      /** Built-in plugin names (`'MOVE'`, `'UIDPLUS'`, `'IDLE'`, ...) or plugin functions. */
      plugins?: Array<string | ((server: HoodiecrowServer) => void)>;
      /** Accounts by user name (default: `testuser`/`testpass`). */
      users?: Record<string, { password: string }>;
      /** Namespaces (`''` for personal folders) and `INBOX`. */
      storage?: Record<string, Folder>;
      /** Logs the protocol to stdout. */
      debug?: boolean;
    }
  }

  function hoodiecrow(options?: hoodiecrow.Options): hoodiecrow.HoodiecrowServer;
  export = hoodiecrow;
}
