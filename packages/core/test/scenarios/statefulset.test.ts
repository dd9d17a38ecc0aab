import { formTests } from "./support/form-tests.js";
import { statefulSetForm } from "./support/forms/statefulset.js";

formTests(statefulSetForm);
