import type { SeedContext } from '../../seeding/context.js';
import { AVATARS } from './avatars.js';
import { defaultBotProfile } from './methods.js';
import { type NandboxUser, PROFILES } from './models.js';
import { NandboxRepository } from './repository.js';
import type { NandboxSettings } from './settings.js';
import { photoFor } from './wire.js';

interface NandboxFixture {
  users: NandboxUser[];
}

/** Generated people get ids from here: 17 digits like nandbox's Longs, 1000 apart by person index. */
const GENERATED_ID_BASE = 90089600000000000n;

const STATUSES = ['Available', 'Busy', 'At work', 'In a meeting', 'On vacation', 'Hey there! I am using nandbox.'];

export function seedNandbox(context: SeedContext, settings: NandboxSettings): void {
  const users = new NandboxRepository(context.store);
  const { faker } = context;
  if (!context.incremental) {
    users.setDefaultAppId(settings.appId);
    for (const user of context.fixture<NandboxFixture>('nandbox').users) users.put(user);
    // Every configured bot is a user too: getUser finds it (is_bot true), getMyProfiles returns it.
    for (const bot of settings.bots.values()) {
      if (!users.byId(bot.botId)) users.put({ ...defaultBotProfile(bot, settings.appId), status: 'Bot of chat-user-mock' });
    }
  }
  for (const person of context.people) {
    // The index keeps ids unique and lets incremental seeding continue without a sequence.
    const id = String(GENERATED_ID_BASE + BigInt(person.index) * 1000n + BigInt(faker.number.int({ min: 0, max: 999 })));
    const version = faker.string.alphanumeric(4);
    const status = faker.helpers.arrayElement(STATUSES);
    const user: NandboxUser = { id, name: person.fullName, version, is_bot: false, status, email: person.email, app_ids: [settings.appId] };
    if (person.hasPhoto) {
      user.profile = faker.helpers.arrayElement(PROFILES);
      user.photo = photoFor(id, version, faker.string.alphanumeric(10));
      user.image = faker.helpers.arrayElement(AVATARS);
    }
    users.put(user);
  }
}
