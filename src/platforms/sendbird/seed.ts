import type { Person } from '../../seeding/people.js';
import type { SeedContext } from '../../seeding/context.js';
import type { SendbirdUser, UnreadChannel } from './models.js';
import { SendbirdRepository } from './repository.js';

interface SendbirdFixture {
  users: Array<Partial<SendbirdUser> & Pick<SendbirdUser, 'user_id' | 'nickname'>>;
}

/** A user as the Platform API creates it (docs/platforms/sendbird.md#create-a-user minimal body); seeds and the control API start from it. */
export function blankUser(userId: string, nickname: string, createdAt: number): SendbirdUser {
  return {
    user_id: userId,
    nickname,
    profile_url: '',
    require_auth_for_profile_image: false,
    metadata: {},
    access_token: '',
    created_at: createdAt,
    discovery_keys: [],
    is_hide_me_from_friends: false,
    is_shadow_blocked: false,
    session_tokens: [],
    is_online: false,
    last_seen_at: -1,
    is_active: true,
    has_ever_logged_in: false,
    preferred_languages: [],
    locale: '',
    is_bot: false,
    unread_channels: [],
  };
}

const CUSTOM_TYPES = ['', 'art', 'sports', 'support'];
const DEPARTMENTS = ['engineering', 'sales', 'support', 'marketing'];
const LANGUAGES = ['en', 'ko', 'ja', 'de', 'fr', 'es'];

/** Every 10th person (index 9, 19, ...) is deactivated and every 10th (4, 14, ...) is a bot, so even small seeds hold both. */
export const isDeactivatedPerson = (person: Person) => person.index % 10 === 9;
export const isBotPerson = (person: Person) => person.index % 10 === 4;

function generatedUser(person: Person, context: SeedContext): SendbirdUser {
  const { faker } = context;
  const user = blankUser(person.username, person.fullName, Math.floor(person.joinedAt / 1000));
  const photo = faker.number.int({ min: 1, max: 40 });
  if (person.hasPhoto) user.profile_url = `https://sendbird.com/main/img/profiles/profile_${String(photo).padStart(2, '0')}_512px.png`;
  if (faker.datatype.boolean()) user.metadata = { department: faker.helpers.arrayElement(DEPARTMENTS), timezone: person.timezone };
  if (faker.datatype.boolean()) user.access_token = faker.string.hexadecimal({ length: 40, casing: 'lower', prefix: '' });
  // About one in ten never logged in (-1), one in ten is online now (0), the rest were last seen at lastActiveAt.
  const presence = faker.number.int({ min: 0, max: 9 });
  if (presence !== 0) {
    user.has_ever_logged_in = true;
    user.is_online = presence === 1;
    user.last_seen_at = user.is_online ? 0 : person.lastActiveAt;
  }
  user.preferred_languages = faker.helpers.arrayElements(LANGUAGES, { min: 0, max: 2 });
  user.is_active = !isDeactivatedPerson(person);
  user.is_bot = isBotPerson(person);
  user.unread_channels = faker.helpers.multiple(
    (): UnreadChannel => ({
      custom_type: faker.helpers.arrayElement(CUSTOM_TYPES),
      is_super: faker.datatype.boolean({ probability: 0.2 }),
      messages: faker.number.int({ min: 0, max: 20 }),
    }),
    { count: { min: 0, max: 3 } },
  );
  return user;
}

export function seedSendbird(context: SeedContext): void {
  const users = new SendbirdRepository(context.store);
  if (!context.incremental) {
    for (const fixture of context.fixture<SendbirdFixture>('sendbird').users) {
      users.put({ ...blankUser(fixture.user_id, fixture.nickname, Math.floor(context.referenceDate.getTime() / 1000)), ...fixture });
    }
  }
  // Ids are the people's usernames, unique by their index, so added people never collide.
  for (const person of context.people) users.put(generatedUser(person, context));
}
