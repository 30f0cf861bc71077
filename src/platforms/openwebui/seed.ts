import type { SeedContext } from '../../seeding/context.js';
import { hashPassword } from './auth.js';
import type { OpenWebUIChat, OpenWebUIGroup, OpenWebUIUser } from './models.js';
import { OpenWebUIRepository } from './repository.js';
import type { OpenWebUISettings } from './settings.js';

type FixtureUser = Partial<OpenWebUIUser> & Pick<OpenWebUIUser, 'id' | 'email' | 'name' | 'role' | 'created_at'> & { password: string };

interface OpenWebUIFixture {
  groups: OpenWebUIGroup[];
  users: FixtureUser[];
  chats: OpenWebUIChat[];
}

/** Groups generated people join, after the fixture's. */
const GENERATED_GROUPS: OpenWebUIGroup[] = [
  { id: 'group-sales', name: 'Sales', description: 'Sales team' },
  { id: 'group-support', name: 'Support', description: 'Customer support' },
];

const BLANK_USER = {
  username: null, profile_image_url: '/user.png', profile_banner_image_url: null, bio: null, gender: null, date_of_birth: null, timezone: null,
  presence_state: null, status_emoji: null, status_message: null, status_expires_at: null, info: null, settings: null, oauth: null, scim: null,
  api_key: null, group_ids: [] as string[],
} as const;

const seconds = (ms: number) => Math.floor(ms / 1000);

export function seedOpenWebUI(context: SeedContext, settings: OpenWebUISettings): void {
  const users = new OpenWebUIRepository(context.store);
  const { faker } = context;
  if (!context.incremental) {
    const fixture = context.fixture<OpenWebUIFixture>('openwebui');
    for (const group of [...fixture.groups, ...GENERATED_GROUPS]) users.putGroup(group);
    fixture.users.forEach(({ password, ...user }, index) => {
      // The first fixture user is the primary admin: the well-known settings apply to it.
      const primary = index === 0;
      users.put({
        ...BLANK_USER,
        updated_at: user.created_at,
        last_active_at: user.created_at,
        ...user,
        email: (primary ? settings.adminEmail : user.email).toLowerCase(),
        api_key: primary ? settings.apiKey : user.api_key ?? null,
        password_hash: hashPassword(primary ? settings.adminPassword : password, faker.string.hexadecimal({ length: 16, casing: 'lower', prefix: '' })),
      });
    });
    for (const chat of fixture.chats) users.putChat(chat);
  }
  const groupIds = GENERATED_GROUPS.map((group) => group.id).concat('group-456');
  for (const person of context.people) {
    const roll = faker.number.int({ min: 0, max: 99 });
    // Mostly users, a few admins and pending sign-ups.
    const role = roll < 8 ? 'admin' : roll < 18 ? 'pending' : 'user';
    // The draws, in their order; then the user as one literal, in the key order the stored JSON has
    // always had (BLANK_USER's, then the rest). Spreading BLANK_USER and overriding half of its keys
    // cost V8 ~15 µs a user (slow-mode objects), against ~0.3 µs for a literal.
    const id = faker.string.uuid();
    const username = faker.datatype.boolean() ? person.username.slice(0, 50) : null;
    const bio = faker.datatype.boolean() ? person.jobTitle : null;
    const apiKey = role === 'pending' ? null : `sk-${faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' })}`;
    const user: OpenWebUIUser = {
      username,
      profile_image_url: person.hasPhoto ? `https://i.pravatar.cc/256?u=${person.token}` : '/user.png',
      profile_banner_image_url: null,
      bio,
      gender: null,
      date_of_birth: null,
      timezone: person.timezone,
      presence_state: null,
      status_emoji: null,
      status_message: null,
      status_expires_at: null,
      info: null,
      settings: { ui: {} },
      oauth: null,
      scim: null,
      api_key: apiKey,
      group_ids: faker.helpers.arrayElements(groupIds, { min: 0, max: 2 }),
      id,
      email: person.email,
      role,
      name: person.fullName,
      last_active_at: seconds(person.lastActiveAt),
      updated_at: seconds(person.lastActiveAt),
      created_at: seconds(person.joinedAt),
      password_hash: hashPassword(settings.userPassword, person.token),
    };
    users.put(user, true);
    // Every seventh person has shared a chat: the original and its `shared-<id>` copy.
    if (person.index % 7 === 3) {
      const chatId = faker.string.uuid();
      const shareId = faker.string.uuid();
      const at = seconds(person.lastActiveAt);
      const title = faker.lorem.words({ min: 2, max: 4 });
      users.putChat({ id: chatId, user_id: user.id, title, share_id: shareId, created_at: at, updated_at: at });
      users.putChat({ id: shareId, user_id: `shared-${chatId}`, title, share_id: null, created_at: at, updated_at: at });
    }
  }
}
