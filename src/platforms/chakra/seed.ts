import type { Person } from '../../seeding/people.js';
import type { SeedContext } from '../../seeding/context.js';
import type { ChakraConfig, ChakraRole, ChakraUser } from './models.js';
import { ChakraRepository } from './repository.js';
import type { ChakraSettings } from './settings.js';

interface ChakraFixture extends ChakraConfig {
  users: ChakraUser[];
}

/** Offsets already worked out, by zone and instant: an Intl.DateTimeFormat costs tens of µs to build. */
const offsets = new Map<string, string>();

/**
 * The ±HHMM offset of an IANA zone at `at` (Chakra's `timezone` is an offset, docs/platforms/chakra.md#fetch-user),
 * so a person keeps the zone they have on the other platforms; "+0000" when unknown.
 */
export function utcOffsetOf(timeZone: string, at: Date): string {
  const key = `${timeZone}@${at.getTime()}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = computeUtcOffset(timeZone, at);
    offsets.set(key, offset);
  }
  return offset;
}

function computeUtcOffset(timeZone: string, at: Date): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    const match = name && /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
    return match ? `${match[1]}${match[2]}${match[3]}` : '+0000';
  } catch {
    return '+0000';
  }
}

const MANAGER_SHARE = 0.2;

function startOfUtcDay(ms: number): number {
  return ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
}

function generatedUser(context: SeedContext, person: Person, config: ChakraConfig, role: ChakraRole): ChakraUser {
  const { faker, referenceDate } = context;
  const id = faker.string.uuid();
  const emailId = faker.string.uuid();
  // Every 20th person is soft-deleted (and inactive), a few more are only deactivated (docs/platforms/chakra.md#user-not-found).
  const isDeleted = person.index % 20 === 19;
  const isActive = !isDeleted && person.index % 25 !== 7;
  const email = {
    id: emailId,
    createdAt: person.joinedAt,
    updatedAt: person.joinedAt,
    email: person.email,
    normalizedEmail: person.email.toLowerCase(),
    type: '',
    isVerified: faker.datatype.boolean(0.8),
    user: id,
  };
  return {
    phones: [],
    emails: [email],
    id,
    createdAt: person.joinedAt,
    updatedAt: person.lastActiveAt,
    username: person.username,
    firstName: person.firstName,
    lastName: person.lastName,
    middleName: faker.datatype.boolean(0.2) ? faker.person.middleName() : '',
    displayName: faker.datatype.boolean(0.3) ? person.firstName : '',
    gender: '',
    dob: faker.datatype.boolean(0.4) ? startOfUtcDay(faker.date.birthdate({ mode: 'age', min: 21, max: 64, refDate: referenceDate }).getTime()) : 0,
    bio: faker.datatype.boolean(0.5) ? person.jobTitle : '',
    profileImageUrl: person.hasPhoto ? `https://avatars.example.com/chakra/${id}.jpg` : '',
    coverImageUrl: '',
    timezone: utcOffsetOf(person.timezone, referenceDate),
    data: null,
    onboardingData: null,
    isActive,
    isDeleted,
    deletedAt: isDeleted ? person.lastActiveAt : null,
    availabilityStatus: 'AVAILABLE',
    team: config.team.id,
    role: role.id,
    primaryEmail: email,
    primaryPhone: null,
    profile: null,
    reportees: [],
  };
}

/**
 * Doc fixtures (the docs' John Doe, the team and its roles), then one user per person.
 * Holders of a managing role get the ids of the live people of their batch who report to them.
 */
export function seedChakra(context: SeedContext, _settings: ChakraSettings): void {
  const repository = new ChakraRepository(context.store);
  const fixture = context.fixture<ChakraFixture>('chakra');
  if (!context.incremental) {
    repository.putConfig({ team: fixture.team, roles: fixture.roles });
    for (const user of fixture.users) repository.put(user);
  }
  const config = repository.config() ?? { team: fixture.team, roles: fixture.roles };
  const managing = config.roles.filter((role) => role.manages);
  const others = config.roles.filter((role) => !role.manages);
  const { faker } = context;

  const users = context.people.map((person) => {
    const pool = managing.length > 0 && (others.length === 0 || faker.datatype.boolean(MANAGER_SHARE)) ? managing : others;
    const role = faker.helpers.arrayElement(pool);
    return { user: generatedUser(context, person, config, role), manages: role.manages === true };
  });
  const managers = users.filter(({ user, manages }) => manages && !user.isDeleted).map(({ user }) => user);
  if (managers.length > 0) {
    for (const { user, manages } of users) {
      if (manages || user.isDeleted) continue;
      faker.helpers.arrayElement(managers).reportees.push(user.id);
    }
  }
  for (const { user } of users) repository.put(user);
}
