#!/bin/bash
set -ex

TOKEN=$(curl -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
instance_id=$(curl -H "X-aws-ec2-metadata-token: $TOKEN" -v http://169.254.169.254/latest/meta-data/instance-id)

${aws_logs_agent}

no_proxy=".amazonaws.com" https_proxy="${proxy_url}" yum install -y jq

${custom_data}

region=${region}
subnet_id=${subnet_id}
nics_num=${nics_num}

# AWS retry settings (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-retries.html)
export AWS_MAX_ATTEMPTS=150
export AWS_RETRY_MODE=standard

for (( i=1; i<nics_num; i++ ))
do
  eni=$(aws ec2 create-network-interface --region "$region" --subnet-id "$subnet_id" --groups ${groups}) # groups should not be in quotes it needs to be a list
  network_interface_id=$(echo "$eni" | python3 -c "import sys, json; print(json.load(sys.stdin)['NetworkInterface']['NetworkInterfaceId'])")

  # Tag the network interface
  aws ec2 create-tags --region "$region" --resources "$network_interface_id" --tags '${eni_tags}'

  attachment=$(aws ec2 attach-network-interface --region "$region" --device-index "$i" --instance-id "$instance_id" --network-interface-id "$network_interface_id")
  attachment_id=$(echo "$attachment" | python3 -c "import sys, json; print(json.load(sys.stdin)['AttachmentId'])")
  aws ec2 modify-network-interface-attribute --region "$region" --attachment AttachmentId="$attachment_id",DeleteOnTermination=true --network-interface-id "$network_interface_id"
done

aws_version=$(aws --version)
cli_binary_format=""
if [[ "$aws_version" == aws-cli/2* ]]; then
  cli_binary_format="--cli-binary-format raw-in-base64-out"
fi

aws lambda invoke --region "$region" --function-name "${deploy_lambda_name}" $cli_binary_format --payload "{\"name\": \"$instance_id\"}" output
printf "%b" "$(cat output | sed 's/^"//' | sed 's/"$//' | sed 's/\\\"/"/g')" > /tmp/deploy.sh
chmod +x /tmp/deploy.sh
/tmp/deploy.sh 2>&1 | tee /tmp/weka_deploy.log
