import { formTests } from "./support/form-tests.js";
import { kubectlJsonForm } from "./support/forms/kubectl-json.js";

formTests(kubectlJsonForm);
