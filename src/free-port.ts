import { createServer } from 'node:net'

/**
 * A TCP port free on `host` right now (the operating system picks it; the probe is closed again at once), so another
 * process may take it before the caller does. The server never uses it (it listens on port 0 and reads the address);
 * it is for tests and benchmarks that must name a port before a process starts, or need one nobody listens on.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}
