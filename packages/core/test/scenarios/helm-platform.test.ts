import { formTests } from "./support/form-tests.js";
import { helmPlatformForm } from "./support/forms/helm-platform.js";

formTests(helmPlatformForm);
