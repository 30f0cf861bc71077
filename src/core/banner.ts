import type { FastifyInstance } from 'fastify';
import type { SettingSource } from './settings.js';

export interface Banner {
  text: string;
  /** Per platform: its well-known credentials, or null where env changed them (never printed then). */
  credentials: Record<string, Record<string, string> | null>;
}

/**
 * The one place the well-known credentials are printed. A platform whose
 * credentials were set by env is listed without them.
 */
export function startupBanner(app: FastifyInstance, address: string, source: SettingSource): Banner {
  // Fastify names one address even when listening on every interface; the URLs below are for a client on this host.
  const base = address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
  const lines = [`chat-user-mock listening on ${address}`, `  Swagger UI:  ${base}/docs`, `  credentials: ${base}/__mock/credentials`];
  const credentials: Banner['credentials'] = {};
  for (const platform of app.mock.platforms) {
    const overridden = platform.credentialSettings.some((name) => source[name] !== undefined && source[name] !== '');
    const shown = overridden ? null : platform.credentials(app.mock.settingsOf(platform), base);
    credentials[platform.name] = shown;
    const text = shown ? Object.entries(shown).map(([key, value]) => `${key}=${value}`).join('  ') : '(set by env, not printed)';
    lines.push(`  ${platform.title.padEnd(12)} ${text}`);
  }
  lines.push('  These are public test credentials: never expose this mock to the internet.', '');
  return { text: lines.join('\n'), credentials };
}
