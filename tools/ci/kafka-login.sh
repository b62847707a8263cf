#!/usr/bin/env bash
# Usage (in a workflow step, before terraform plans the stack): source tools/ci/kafka-login.sh <stack>
#
# A stack whose Kafka provider logs in with SCRAM (a self-managed cluster's topics) gets the
# Terraform user's password and the cluster CA from Secrets Manager in the runner's region,
# as review.json's kafkaLogins says, and exports what the provider reads from the environment
# (Mongey/terraform-provider-kafka, kafka/provider.go: sasl_username <- KAFKA_SASL_USERNAME,
# sasl_password <- KAFKA_SASL_PASSWORD, ca_cert <- KAFKA_CA_CERT). The password is masked in
# the log and never passed on a command line. Other stacks: nothing is read or exported.
# Needs: the aws CLI and credentials allowed secretsmanager:GetSecretValue on both secrets.
review="${REVIEW_JSON:-${GITHUB_WORKSPACE:-.}/cdktf.out/review.json}"
login=$(node -e '
  const l = (require(process.argv[1]).kafkaLogins || {})[process.argv[2]];
  if (l) console.log([l.region, l.secret, l.caSecret, l.caKey].join(" "));
' "$(realpath "$review")" "$1")
if [ -n "$login" ]; then
  read -r region secret ca_secret ca_key <<<"$login"
  field() { node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(String(JSON.parse(s)[process.argv[1]] ?? "")));' "$1"; }
  user=$(aws secretsmanager get-secret-value --region "$region" --secret-id "$secret" --query SecretString --output text)
  KAFKA_SASL_PASSWORD=$(printf '%s' "$user" | field password)
  echo "::add-mask::$KAFKA_SASL_PASSWORD"
  KAFKA_SASL_USERNAME=$(printf '%s' "$user" | field username)
  KAFKA_CA_CERT=$(aws secretsmanager get-secret-value --region "$region" --secret-id "$ca_secret" --query SecretString --output text | field "$ca_key")
  export KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD KAFKA_CA_CERT
  unset user
  echo "Kafka provider of $1: SCRAM user $KAFKA_SASL_USERNAME from $secret, CA from $ca_secret ($region)"
fi
