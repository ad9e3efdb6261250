/**
 * @tradewire/partners: the partner profile schema, its YAML parser and cross-profile checks (pure).
 * The Nest module that stores and serves profiles comes with the gateway.
 */
export * from './profile/partner-profile.schema';
export * from './profile/parse-profile';
export * from './profile/check-profiles';
export { profileJsonSchema } from './profile/profile-json-schema';
export * from './profile/operated-locations';
