import { formTests } from "./support/form-tests.js";
import { deploymentForm } from "./support/forms/deployment.js";

formTests(deploymentForm);
