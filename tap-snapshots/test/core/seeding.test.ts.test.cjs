/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/core/seeding.test.ts > TAP > seeded data is a fixed value, not only self-consistent: a known user for SEED 42 > user 100 for SEED=42 1`] = `
Object {
  "avatar_url": "/user_avatars/2/ef3b5834c86a9ff998cd0bd0ea20ced97da278f9.png?version=2",
  "avatar_version": 2,
  "date_joined": "2022-10-31T22:33+00:00",
  "delivery_email": "ismael.schuppe.0@example.com",
  "email": "user100@zulip.example.com",
  "full_name": "Ismael Schuppe",
  "is_active": true,
  "is_admin": false,
  "is_bot": false,
  "is_guest": false,
  "is_owner": false,
  "role": 400,
  "timezone": "Pacific/Nauru",
  "user_id": 100,
}
`
