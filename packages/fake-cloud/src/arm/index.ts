export { startArm, type StartArmOptions, type FakeArm, type ArmRequestRecord } from "./server.js";
export { startAzure, type FakeAzure, type StartFakeAzureOptions } from "./start-azure.js";
export { AzureState } from "./state.js";
export { armAudiences, type AccessTokenVerifier, type AccessTokenClaims, type Caller } from "./auth.js";
export { ArmError } from "./errors.js";
export { MAX_FEDERATED_CREDENTIALS } from "./routes/identities.js";
export { BUILTIN_ROLE_DEFINITIONS } from "./builtin-roles.js";
export { normaliseId, idKey, isWithin } from "./ids.js";
