import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';

/**
 * A TCP proxy in front of a real server that can hold everything passing through it, in both
 * directions: a server that stops answering without closing its connections, as a hung database
 * or a network that drops packets looks to its clients. Released, the held bytes go on in order.
 */
export class TcpProxy {
  private held = false;
  private readonly flushes = new Set<() => void>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.relay(client, connect(target.port, target.host)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const flush of this.flushes) flush();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, upstream: Socket): void {
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      const queued: Buffer[] = [];
      const flush = () => {
        for (const chunk of queued.splice(0)) to.write(chunk);
      };
      this.flushes.add(flush);
      from.on('data', (chunk: Buffer) => (this.held ? queued.push(chunk) : to.write(chunk)));
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.flushes.delete(flush);
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
