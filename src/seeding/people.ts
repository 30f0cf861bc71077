import type { Faker } from '@faker-js/faker';
// The English build alone: the package's index loads every locale (about 40 MB and 150 ms).
import { faker as english } from '@faker-js/faker/locale/en';
import type { SeedProgress } from './progress.js';

/** Seeded data never reads the clock: every timestamp is an offset back from this instant. */
export const REFERENCE_DATE = new Date('2025-01-01T00:00:00.000Z');

/**
 * A person of the fictional company. The same person may hold an account on
 * several platforms, with the same name and email, as in a real company.
 */
export interface Person {
  index: number;
  firstName: string;
  lastName: string;
  fullName: string;
  /** Lower-case, unique across the generated people. */
  email: string;
  username: string;
  timezone: string;
  phone: string;
  jobTitle: string;
  /** When the person joined, in ms since the epoch, before REFERENCE_DATE. */
  joinedAt: number;
  /** Last activity, after joinedAt and before REFERENCE_DATE. */
  lastActiveAt: number;
  /** About a third of people have uploaded a photo; the rest use a default/gravatar. */
  hasPhoto: boolean;
  /** 16 lowercase hex digits, stable per person: a seed for ids and keys. */
  token: string;
}

/** A faker whose output depends only on `seed` and on `stream` (so platforms draw independently). */
export function seededFaker(seed: number, stream: string): Faker {
  // A Faker of its own per stream, with the English build's (en + base) definitions.
  const faker = new (english.constructor as typeof Faker)({ locale: english.rawDefinitions });
  faker.seed([seed, ...Array.from(stream, (char) => char.charCodeAt(0))]);
  faker.setDefaultRefDate(REFERENCE_DATE);
  return faker;
}

const COMPANY_DOMAIN = 'example.com';

/** Person i depends only on (seed, i): seeding 2 and then 3 more gives the same people as seeding 5. */
export function generatePeople(seed: number, count: number, firstIndex = 0, progress?: SeedProgress): Person[] {
  const faker = seededFaker(seed, 'people');
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) progress?.report('people', i, count);
    const index = firstIndex + i;
    faker.seed([seed, index]);
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const joined = faker.date.past({ years: 4, refDate: REFERENCE_DATE });
    const lastActive = faker.date.between({ from: joined, to: REFERENCE_DATE });
    people.push({
      index,
      firstName,
      lastName,
      fullName: `${firstName} ${lastName}`,
      // The index keeps addresses unique however the names collide.
      email: `${local}.${index}@${COMPANY_DOMAIN}`,
      username: `${local}${index}`,
      timezone: faker.location.timeZone(),
      phone: faker.phone.number({ style: 'international' }),
      jobTitle: faker.person.jobTitle(),
      joinedAt: joined.getTime(),
      lastActiveAt: lastActive.getTime(),
      hasPhoto: faker.number.int({ min: 0, max: 2 }) === 0,
      token: faker.string.hexadecimal({ length: 16, casing: 'lower', prefix: '' }),
    });
  }
  return people;
}
