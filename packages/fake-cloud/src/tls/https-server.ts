import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { CertificateAuthority } from "./ca.js";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpsServerOptions {
  ca: CertificateAuthority;
  handler: RequestHandler;
  /** Extra certificate names besides 127.0.0.1 and localhost. */
  hosts?: string[];
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  host?: string;
  /**
   * Ask clients for a certificate and verify it against this CA (PEM), as a kube-apiserver with
   * `--client-ca-file` does; a client without one still connects (and authenticates otherwise).
   */
  clientCa?: string;
}

export interface RunningHttpsServer {
  /** `https://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startHttpsServer(opts: HttpsServerOptions): Promise<RunningHttpsServer> {
  const host = opts.host ?? "127.0.0.1";
  const { certPem, keyPem } = await opts.ca.issue([host, ...(opts.hosts ?? [])]);
  const sockets = new Set<Socket>();
  const tls = opts.clientCa ? { requestCert: true, rejectUnauthorized: false, ca: [opts.clientCa] } : {};
  const server = createServer({ cert: certPem, key: keyPem, ...tls }, (req, res) => {
    Promise.resolve(opts.handler(req, res)).catch((err: unknown) => {
      // A bug in a fake must surface to the client as a 500 rather than a hung request.
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
      }
      res.end(`internal error in fake server: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  });
  // Watches and keep-alive connections would otherwise hold close() open forever.
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      }),
  };
}
