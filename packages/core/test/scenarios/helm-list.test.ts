import { formTests } from "./support/form-tests.js";
import { helmListForm } from "./support/forms/helm-list.js";

formTests(helmListForm);
