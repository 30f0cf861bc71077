import type { FastifyInstance } from 'fastify';
import { Settings, type SettingSource } from './settings.js';

/**
 * The one place the well-known credentials are printed. A platform whose
 * credentials were changed by env is listed without them.
 */
export function startupBanner(app: FastifyInstance, address: string, source: SettingSource): string {
  const base = address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
  const lines = [`chat-user-mock listening on ${address}`, `  Swagger UI:  ${base}/docs`, `  credentials: ${base}/__mock/credentials`];
  const defaults = new Settings({});
  for (const platform of app.mock.platforms) {
    const configured = platform.credentials(app.mock.settingsOf(platform), base);
    const standard = platform.credentials(platform.readSettings(defaults), base);
    const overridden = JSON.stringify(configured) !== JSON.stringify(standard);
    const shown = overridden ? '(set by env, not printed)' : Object.entries(configured).map(([key, value]) => `${key}=${value}`).join('  ');
    lines.push(`  ${platform.title.padEnd(12)} ${shown}`);
  }
  lines.push('  These are public test credentials: never expose this mock to the internet.', '');
  return lines.join('\n');
}
