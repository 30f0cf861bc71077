import { readServerConfig } from './core/config.js';
import { type SettingRead, Settings } from './core/settings.js';
import { platforms } from './platforms/index.js';

/** Every setting as the code reads it with no env and no flags: the server's, then each platform's. */
function settingGroups(): Array<{ title: string; settings: SettingRead[] }> {
  const group = (title: string, read: (onRead: (setting: SettingRead) => void) => void) => {
    const byName = new Map<string, SettingRead>();
    // `has` only knows that a setting is optional; an accessor read after it knows more.
    read((setting) => {
      if (setting.fallback !== 'none' || !byName.has(setting.name)) byName.set(setting.name, setting);
    });
    return { title, settings: [...byName.values()] };
  };
  return [
    group('Server', (onRead) => readServerConfig({}, onRead)),
    ...platforms.map((platform) => group(platform.title, (onRead) => platform.readSettings(new Settings({}, onRead)))),
  ];
}

const flagOf = (name: string) => `--${name.toLowerCase().replace(/_/g, '-')}`;

/** What `chat-user-mock --help` prints. */
export function usage(version: string): string {
  const lines = [
    `chat-user-mock ${version}: a local test double for the user APIs of Zulip, Sendbird, Open WebUI, ChakraHQ and nandbox`,
    '',
    'Usage: chat-user-mock [--setting value | --setting=value]...',
    '       chat-user-mock --help | --version',
    '',
    'Every setting is an environment variable (PORT=9000) or the same name as a flag (--port 9000); flags win.',
    'An invalid value stops the process with one line naming it, exit code 2.',
  ];
  for (const { title, settings } of settingGroups()) {
    lines.push('', `${title}:`);
    for (const { name, fallback, accepts } of settings) {
      lines.push(`  ${flagOf(name)}, ${name}`, `      default: ${fallback === '' ? '(empty)' : fallback}; accepts ${accepts}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
