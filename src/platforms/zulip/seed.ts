import type { SeedContext } from '../../seeding/context.js';
import { ROLE, VISIBILITY, type ZulipRealm, type ZulipUser } from './models.js';
import { ZulipRepository } from './repository.js';
import type { ZulipSettings } from './settings.js';

interface ZulipFixture {
  realm: ZulipRealm;
  users: Array<Partial<ZulipUser> & Pick<ZulipUser, 'user_id' | 'email' | 'full_name' | 'role' | 'api_key'>>;
}

/** Generated users start here, clear of the docs' ids. */
const FIRST_GENERATED_ID = 100;

/** `isoformat(timespec="minutes")` with `+00:00`, as Zulip 10+ sends date_joined (docs/platforms/zulip.md#user-object row 12). */
export function minuteIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}+00:00`;
}

export function seedZulip(context: SeedContext, settings: ZulipSettings): void {
  const users = new ZulipRepository(context.store);
  const { faker } = context;
  if (!context.incremental) {
    const fixture = context.fixture<ZulipFixture>('zulip');
    users.putRealm(fixture.realm);
    for (const user of fixture.users) {
      users.put({
        timezone: '',
        date_joined: '2019-10-20T07:50+00:00',
        is_active: true,
        email_address_visibility: VISIBILITY.EVERYONE,
        avatar_source: 'G',
        avatar_version: 1,
        profile_data: {},
        max_message_id: -1,
        ...user,
      });
    }
    // ZULIP_EMAIL / ZULIP_API_KEY: the named seeded user answers to the configured key.
    const wellKnown = users.byEmail(settings.email);
    if (wellKnown && wellKnown.api_key !== settings.apiKey) users.put({ ...wellKnown, api_key: settings.apiKey });
  }
  let highest = FIRST_GENERATED_ID - 1;
  for (const person of context.people) {
    // Person i is user FIRST_GENERATED_ID + i, unless a user created since (through /__mock, from the
    // same id sequence) holds that id: then the next free id, so adding people never replaces anyone.
    // `wanted` is known to be free (a fresh seed starts above the docs' ids, or it was just checked).
    const wanted = FIRST_GENERATED_ID + person.index;
    const userId = context.incremental && users.byId(wanted) ? users.nextUserId() : wanted;
    highest = Math.max(highest, userId);
    const roll = faker.number.int({ min: 0, max: 99 });
    // Mostly members, a few admins, moderators and guests; every 20th person deactivated.
    const role = roll < 5 ? ROLE.ADMINISTRATOR : roll < 10 ? ROLE.MODERATOR : roll < 15 ? ROLE.GUEST : ROLE.MEMBER;
    users.put({
      user_id: userId,
      email: person.email,
      full_name: person.fullName,
      role,
      timezone: person.timezone,
      date_joined: minuteIso(person.joinedAt),
      is_active: person.index % 20 !== 19,
      api_key: faker.string.alphanumeric(32),
      email_address_visibility: faker.helpers.arrayElement([VISIBILITY.EVERYONE, VISIBILITY.EVERYONE, VISIBILITY.MEMBERS, VISIBILITY.ADMINS]),
      avatar_source: person.hasPhoto ? 'U' : 'G',
      avatar_version: person.hasPhoto ? 2 : 1,
      profile_data: faker.datatype.boolean()
        ? { '1': { value: person.phone, rendered_value: `<p>${person.phone}</p>` } }
        : {},
      max_message_id: faker.number.int({ min: -1, max: 5000 }),
    }, userId === wanted);
  }
  context.store.nextSequence('zulip:user_id', highest);
}
