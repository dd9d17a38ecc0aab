import { formTests } from "./support/form-tests.js";
import { cronJobForm } from "./support/forms/cronjob.js";

formTests(cronJobForm);
