#!/bin/bash
set -ex

token=$(curl -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
instance_id=$(curl -H "X-aws-ec2-metadata-token: $token" -v http://169.254.169.254/latest/meta-data/instance-id)

#--------------------------------------#
# AWS Logs Agent                       #
#--------------------------------------#

function configure_aws_logs_agent() {
  cat >/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<EOF
    {
      "agent": {
        "metrics_collection_interval": 10,
        "logfile": "/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log"
      },
      "logs": {
        "logs_collected": {
          "files": {
            "collect_list": [
              {
                "file_path": "/var/log/messages",
                "log_group_name": "/wekaio/weka-prod-nfs-protocol-gateway",
                "log_stream_name": "$instance_id-syslog",
                "retention_in_days": 30,
                "timezone": "LOCAL",
                "timestamp_format": "%b %d %H:%M:%S"
              }
            ]
          }
        },
        "log_stream_name": "$instance_id-syslog",
        "force_flush_interval" : 15
      }
    }
EOF

  cat > /opt/aws/amazon-cloudwatch-agent/etc/common-config.toml <<EOF
    [proxy]
    https_proxy="http://proxy.internal:3128"
EOF
}

# From http://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/EC2NewInstanceCWL.html
function setup_aws_logs_agent() {
    echo "---------------------------"
    echo " Setting up AWS logs agent "
    echo "---------------------------"

    no_proxy=".amazonaws.com" https_proxy="http://proxy.internal:3128" yum install -y amazon-cloudwatch-agent.x86_64 || return 1
    configure_aws_logs_agent || return 1
    service amazon-cloudwatch-agent restart || return 1
}

setup_aws_logs_agent || echo "Failed to setup AWS logs agent"

no_proxy=".amazonaws.com" https_proxy="http://proxy.internal:3128" yum install -y jq

region=us-east-1
subnet_id=subnet-0123456789abcdef0
nics_num=3

while true; do
  network_interface_id=$(aws ec2 describe-network-interfaces --region "$region" --filters "Name=attachment.instance-id,Values=$instance_id" --query "NetworkInterfaces[0].NetworkInterfaceId" --output text || true)
  if [ $? -eq 0 ] && [ -n "$network_interface_id" ]; then
    break
  fi
  echo "Didn't manage to describe network interfaces, retrying..."
  sleep 1
done
if [ "3" -gt 0 ]; then
  aws ec2 assign-private-ip-addresses --region "$region" --network-interface-id "$network_interface_id" --secondary-private-ip-address-count "3"
fi

for (( i=1; i<nics_num; i++ ))
do
  eni=$(aws ec2 create-network-interface --region "$region" --subnet-id "$subnet_id" --groups sg-0123456789abcdef0 sg-0fedcba9876543210) # groups should not be in quotes it needs to be a list
  network_interface_id=$(echo "$eni" | python3 -c "import sys, json; print(json.load(sys.stdin)['NetworkInterface']['NetworkInterfaceId'])")

  # Tag the network interface
  aws ec2 create-tags --region "$region" --resources "$network_interface_id" --tags '[{"Key":"aws-apn-id","Value":"pc:epkj0ftddjwa38m3oq9umjjlm"},{"Key":"team","Value":"storage"}]'

  attachment=$(aws ec2 attach-network-interface --region "$region" --device-index "$i" --instance-id "$instance_id" --network-interface-id "$network_interface_id")
  attachment_id=$(echo "$attachment" | python3 -c "import sys, json; print(json.load(sys.stdin)['AttachmentId'])")
  aws ec2 modify-network-interface-attribute --region "$region" --attachment AttachmentId="$attachment_id",DeleteOnTermination=true --network-interface-id "$network_interface_id"
done

aws_version=$(aws --version)
cli_binary_format=""
if [[ "$aws_version" == aws-cli/2* ]]; then
  cli_binary_format="--cli-binary-format raw-in-base64-out"
fi

aws lambda invoke --region "$region" --function-name "weka-prod-deploy-lambda" $cli_binary_format --payload "{\"name\": \"$instance_id\", \"protocol\": \"nfs\"}" output
printf "%b" "$(cat output | sed 's/^"//' | sed 's/"$//' | sed 's/\\\"/"/g')" > /tmp/deploy.sh
chmod +x /tmp/deploy.sh
/tmp/deploy.sh 2>&1 | tee /tmp/weka_deploy.log

# getting gw instance ips
cluster_size="2"
gw_ips_list=()
instance_list=$(weka cluster container -J  | jq '.[] | "\(.host_ip) \(.cloud.instance_id)"' |uniq |tr '\n' ',')
IFS="," read -ra ids <<< "$instance_list"
for instance in "${ids[@]}"; do
  id=$(echo $instance | cut -d' ' -f2 | tr -d '"')
  echo "$(date -u): get tags for instance $id"
  if [[ -n `aws ec2 describe-tags --filters Name=resource-id,Values="$id" --region us-east-1 --output text | cut -f5 | grep weka-prod-nfs-protocol-gateway` ]]; then
	  ip=$(echo $instance | cut -d' ' -f1 | tr -d '"')
    gw_ips_list+=($ip)
  fi
done

gw_ips=""
for ip in ${gw_ips_list[@]}; do
  gw_ips+="-e $ip "
done

max_retries=60
for (( retry=1; retry<=max_retries; retry++ )); do
    # get all UP gateway container ids
    all_container_ids=$(weka cluster container | grep frontend0 | grep -w -F $gw_ips | grep UP | awk '{print $1}')
    # if number of all_container_ids < cluster_size, do nothing
    all_container_ids_number=$(echo "$all_container_ids" | wc -l)
    if (( all_container_ids_number < cluster_size )); then
        echo "$(date -u): not all containers are ready - do retry $retry of $max_retries"
        sleep 20
    else
        echo "$(date -u): all containers are ready"
        break
    fi
done

if (( retry > max_retries )); then
    echo "$(date -u): timeout: not all containers are ready after $max_retries attempts."
    exit 1
fi

echo "$(date -u): Done running validation for protocol"
