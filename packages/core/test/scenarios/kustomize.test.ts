import { formTests } from "./support/form-tests.js";
import { kustomizeForm } from "./support/forms/kustomize.js";

formTests(kustomizeForm);
