#!/bin/bash
set -ex

token=$(curl -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
instance_id=$(curl -H "X-aws-ec2-metadata-token: $token" -v http://169.254.169.254/latest/meta-data/instance-id)

${aws_logs_agent}

no_proxy=".amazonaws.com" https_proxy="${proxy_url}" yum install -y jq

aws_version=$(aws --version)
cli_binary_format=""
if [[ "$aws_version" == aws-cli/2* ]]; then
  cli_binary_format="--cli-binary-format raw-in-base64-out"
fi

aws lambda invoke --region "${region}" --function-name "${deploy_lambda_name}" $cli_binary_format --payload "{\"name\": \"$instance_id\", \"protocol\": \"data\"}" output
printf "%b" "$(cat output | sed 's/^"//' | sed 's/"$//' | sed 's/\\\"/"/g')" > /tmp/deploy.sh
chmod +x /tmp/deploy.sh
/tmp/deploy.sh 2>&1 | tee /tmp/weka_deploy.log
