#!/bin/bash
set -ex

TOKEN=$(curl -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
instance_id=$(curl -H "X-aws-ec2-metadata-token: $TOKEN" -v http://169.254.169.254/latest/meta-data/instance-id)

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
                "log_group_name": "/wekaio/clients/weka-prod-client",
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

    no_proxy=".amazonaws.com" https_proxy="http://proxy.internal:3128" yum install -y amazon-cloudwatch-agent || no_proxy=".amazonaws.com" https_proxy="http://proxy.internal:3128" apt install -y amazon-cloudwatch-agent || return 1
    configure_aws_logs_agent || return 1
    service amazon-cloudwatch-agent restart || return 1
}

setup_aws_logs_agent || echo "Failed to setup AWS logs agent"

echo before ${HOME}
echo "$(date -u): before weka agent installation"

INSTALLATION_PATH="/tmp/weka"
mkdir -p $INSTALLATION_PATH
cd $INSTALLATION_PATH

# if alb_dns_name if not empty string, then use alb_dns_name as ips
insecure_flag=""
if [ -z "" ]; then
  # Function to get the private IPs of instances in Auto Scaling Group
  insecure_flag="--insecure"
  get_private_ips() {
    instance_ids=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-name "weka-prod-autoscaling-group" --query "AutoScalingGroups[].Instances[].InstanceId" --output text --region us-east-1)
    cluster_min_size=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-name "weka-prod-autoscaling-group" --query "AutoScalingGroups[].MinSize" --output text --region us-east-1)
    private_ips=$(aws ec2 describe-instances --instance-ids $instance_ids --query "Reservations[].Instances[].PrivateIpAddress" --output text --region us-east-1)
    private_ips_array=($private_ips)
  }

  # Retry until the length of the array is not the same as the cluster min size
  while true; do
    get_private_ips
    length=${#private_ips_array[@]}
    expected_length=${cluster_min_size}
    # if the length >= expected_length , break out of the loop
    if [ $length -ge $expected_length ]; then
      break
    fi
    # sleep for a while (optional) and retry
    echo "Waiting for all backend instances to be up... $length/$expected_length"
    sleep 5
  done

  ips=("${private_ips_array[@]}")
else
  ips=()
fi

backend_ip="${ips[RANDOM % ${#ips[@]}]}"
# install weka using random backend ip from ips list

# check if cert_pem is not empty
cert_flag=""
if [[ -n "" ]]; then
  echo "$(date -u): Using provided certificate for secure connection"
  echo "" > /tmp/cert.pem
  cert_flag="--cacert /tmp/cert.pem"
fi

function retry_weka_install {
  retry_max=60
  retry_sleep=30
  count=$retry_max

  while [ $count -gt 0 ]; do
      curl --fail $insecure_flag $cert_flag -o install_script.sh https://$backend_ip:14000/dist/v1/install && break
      count=$(($count - 1))
      backend_ip="${ips[RANDOM % ${#ips[@]}]}"
      echo "Retrying weka install from $backend_ip in $retry_sleep seconds..."
      sleep $retry_sleep
  done
  [ $count -eq 0 ] && {
      echo "weka install failed after $retry_max attempts"
      echo "$(date -u): weka install failed"
      return 1
  }
  chmod +x install_script.sh && WEKA_CGROUPS_MODE="auto" ./install_script.sh
  return 0
}

retry_weka_install

echo "$(date -u): weka agent installation complete"

FILESYSTEM_NAME=default # replace with a different filesystem at need
MOUNT_POINT=/mnt/weka # replace with a different mount point at need
mkdir -p $MOUNT_POINT

weka local stop && weka local rm -f --all

FRONTEND_CONTAINER_CORES_NUM="2"
first_interface_name=$(ls /sys/class/net | grep -vE 'docker|veth|lo' | sort --version-sort | head -n 1)
first_interface_ip=$(ip addr show "$first_interface_name" | grep -oP '(?<=inet\s)\d+(\.\d+){3}')

function retry {
  local retry_max=$1
  local retry_sleep=$2
  shift 2
  local count=$retry_max
  while [ $count -gt 0 ]; do
      "$@" && break
      count=$(($count - 1))
      echo "Retrying $* in $retry_sleep seconds..."
      sleep $retry_sleep
  done
  [ $count -eq 0 ] && {
      echo "Retry failed [$retry_max]: $*"
      echo "$(date -u): retry failed"
      return 1
  }
  return 0
}

echo "$(date -u): Retry mount client"
mount_command="mount -t wekafs -o net=udp $backend_ip/$FILESYSTEM_NAME $MOUNT_POINT"
if [[ true == true ]]; then
    mount_command="mount -t wekafs -o num_cores=$FRONTEND_CONTAINER_CORES_NUM -o mgmt_ip=$first_interface_ip $backend_ip/$FILESYSTEM_NAME $MOUNT_POINT"
fi

retry 60 45 $mount_command
echo "$(date -u): wekafs mount complete"


rm -rf $INSTALLATION_PATH
echo "$(date -u): client setup complete"

echo after

