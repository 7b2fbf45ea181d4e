# A Lightsail bucket with an access key, as a Terraform user writes it; only the endpoint points at LocalSail.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    lightsail = var.endpoint
  }
}

resource "aws_lightsail_bucket" "assets" {
  name      = "terraform-assets"
  bundle_id = "small_1_0"
  tags      = { env = "test" }
}

resource "aws_lightsail_bucket_access_key" "deploy" {
  bucket_name = aws_lightsail_bucket.assets.name
}

output "access_key_id" { value = aws_lightsail_bucket_access_key.deploy.access_key_id }
output "arn" { value = aws_lightsail_bucket.assets.arn }
