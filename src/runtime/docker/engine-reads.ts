import { request } from "node:http";

/** The few read-only Engine API calls that `status` and a no-op `up` make, without loading dockerode. */
export interface EngineReads {
  ping(timeoutMs: number): Promise<boolean>;
  /** GET a JSON document; undefined for 404. */
  json<T>(path: string): Promise<T | undefined>;
  /** GET raw bytes (multiplexed logs); undefined for 404. */
  bytes(path: string): Promise<Buffer | undefined>;
}

type Target = { socketPath: string } | { host: string; port: number };

/**
 * Where DOCKER_HOST points, when plain HTTP reaches it: a unix socket (the default) or tcp:// without
 * TLS. Undefined for ssh://, TLS (DOCKER_TLS_VERIFY) and the rest: those go through dockerode.
 */
export function engineTarget(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const host = env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  if (host.startsWith("tcp://") && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) {
    const url = new URL(`http://${host.slice("tcp://".length)}`);
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return undefined;
}

/** Engine reads over node:http: dockerode's import alone costs more CPU than a whole `rpi status`. */
export function httpEngineReads(target: Target): EngineReads {
  const get = (path: string, timeoutMs = 30_000) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = request({ ...target, path, method: "GET", timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`Docker engine: no answer to GET ${path}`)));
      req.on("error", reject);
      req.end();
    });
  const checked = async (path: string): Promise<Buffer | undefined> => {
    const { status, body } = await get(path);
    if (status === 404) return undefined;
    if (status < 200 || status >= 300) {
      throw new Error(
        `Docker engine: GET ${path} answered ${status}: ${body.toString("utf8").trim()}`,
      );
    }
    return body;
  };
  return {
    ping: (timeoutMs) =>
      get("/_ping", timeoutMs).then(
        ({ status }) => status === 200,
        () => false,
      ),
    json: async <T>(path: string) => {
      const body = await checked(path);
      return body === undefined ? undefined : (JSON.parse(body.toString("utf8")) as T);
    },
    bytes: checked,
  };
}
